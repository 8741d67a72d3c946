export { MunicipalityModule } from './municipality.module';
export { RechargesService } from './recharges.service';
